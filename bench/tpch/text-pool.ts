// dbgen's text pool: 300 MiB of pseudo-English generated once from the comment grammar with its own
// random stream; every comment column is a random slice of it. Bytes are ASCII.
import {
  adjectives, adverbs, articles, auxiliaries, grammar, nounPhrases, nouns, prepositions, terminators,
  verbPhrases, verbs, type Distribution,
} from './distributions.js';
import { RowRandom } from './random.js';

/** dbgen's pool size (independent of the scale factor). */
export const TEXT_POOL_SIZE = 300 * 1024 * 1024;
const POOL_SEED = 933588178;
const MAX_SENTENCE_LENGTH = 256;

/** The generated pool: `bytes.length` is the pool size. */
export interface TextPool {
  readonly bytes: Uint8Array;
}

let shared: TextPool | undefined;

/** The process-wide default pool (built on first use, ≈ 300 MiB). */
export function defaultTextPool(): TextPool {
  shared ??= buildTextPool(TEXT_POOL_SIZE);
  return shared;
}

/** Builds a pool of `size` bytes: sentences from the grammar until full, then cut at `size`. */
export function buildTextPool(size: number): TextPool {
  const out = new Uint8Array(size + MAX_SENTENCE_LENGTH);
  const random = new RowRandom(POOL_SEED, 0x7fffffff);
  const w = new PoolWriter(out, random);
  while (w.length < size) w.sentence();
  return { bytes: out.subarray(0, size) };
}

const SPACE = 0x20;
const code = (c: string): number => c.charCodeAt(0);

class PoolWriter {
  length = 0;
  private readonly grammarTokens = tokens(grammar);
  private readonly nounPhraseChars = nounPhrases.values.map((v) => Array.from(v, code));
  private readonly verbPhraseTokens = tokens(verbPhrases);
  private readonly the = Buffer.from(' the ', 'latin1');
  private readonly commaSpace = Buffer.from(', ', 'latin1');

  constructor(private readonly out: Uint8Array, private readonly random: RowRandom) {}

  sentence(): void {
    for (const t of this.grammarTokens[grammar.pick(this.random)]) {
      switch (t) {
        case 0x56: this.verbPhrase(); break; // V
        case 0x4e: this.nounPhrase(); break; // N
        case 0x50: // P
          this.word(prepositions);
          this.append(this.the);
          this.nounPhrase();
          break;
        case 0x54: // T: the terminator abuts the previous word
          this.length--;
          this.word(terminators);
          break;
        default: throw new Error(`bad grammar token ${t}`);
      }
      if (this.out[this.length - 1] !== SPACE) this.out[this.length++] = SPACE;
    }
  }

  private verbPhrase(): void {
    for (const t of this.verbPhraseTokens[verbPhrases.pick(this.random)]) {
      this.word(t === 0x44 ? adverbs : t === 0x56 ? verbs : auxiliaries);
      this.out[this.length++] = SPACE;
    }
  }

  private nounPhrase(): void {
    for (const c of this.nounPhraseChars[nounPhrases.pick(this.random)]) {
      if (c === SPACE) continue;
      if (c === 0x2c) { // ',' replaces the trailing space
        this.length--;
        this.append(this.commaSpace);
        continue;
      }
      this.word(c === 0x41 ? articles : c === 0x4a ? adjectives : c === 0x44 ? adverbs : nouns);
      this.out[this.length++] = SPACE;
    }
  }

  private word(d: Distribution): void {
    this.append(d.bytes[d.pick(this.random)]);
  }

  private append(b: Uint8Array): void {
    const out = this.out;
    let at = this.length;
    for (let i = 0; i < b.length; i++) out[at++] = b[i];
    this.length = at;
  }
}

/** The first character of each space-separated token of every value. */
function tokens(d: Distribution): number[][] {
  return d.values.map((v) => v.split(' ').map(code));
}
