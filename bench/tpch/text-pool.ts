// dbgen's text pool: 300 MiB of pseudo-English generated once from the comment grammar with its own
// random stream; every comment column is a random slice of it. Bytes are ASCII.
import {
  adjectives, adverbs, articles, auxiliaries, grammar, nounPhrases, nouns, prepositions, terminators,
  verbPhrases, verbs, type Distribution,
} from './distributions.js';

/** dbgen's pool size (independent of the scale factor). */
export const TEXT_POOL_SIZE = 300 * 1024 * 1024;
const POOL_SEED = 933588178;
const MAX_SENTENCE_LENGTH = 256;
const MULTIPLIER = 16807;
const MODULUS = 2147483647;

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

/**
 * All words of the grammar in one byte buffer; each distribution becomes a pick table of word ids,
 * so a pick is one draw, one lookup and a byte copy.
 */
class WordTable {
  private readonly words: Uint8Array[] = [];
  readonly picks = new Map<Distribution, Int32Array>();

  add(d: Distribution, suffix = ''): Int32Array {
    const ids = d.bytes.map((b) => this.words.push(Buffer.concat([b, Buffer.from(suffix, 'latin1')])) - 1);
    const table = d.pickTable().map((i) => ids[i]);
    this.picks.set(d, table);
    return table;
  }

  pack(): { bytes: Uint8Array; start: Int32Array; end: Int32Array } {
    const bytes = Buffer.concat(this.words);
    const start = new Int32Array(this.words.length);
    const end = new Int32Array(this.words.length);
    let at = 0;
    this.words.forEach((w, i) => { start[i] = at; at += w.length; end[i] = at; });
    return { bytes, start, end };
  }
}

/** Builds a pool of `size` bytes: sentences from the grammar until full, then cut at `size`. */
export function buildTextPool(size: number): TextPool {
  const out = new Uint8Array(size + MAX_SENTENCE_LENGTH);
  const table = new WordTable();
  // Words are stored with the separator that always follows them in the pool.
  const noun = table.add(nouns, ' ');
  const adjective = table.add(adjectives, ' ');
  const adverb = table.add(adverbs, ' ');
  const article = table.add(articles, ' ');
  const verb = table.add(verbs, ' ');
  const auxiliary = table.add(auxiliaries, ' ');
  const preposition = table.add(prepositions, ' the ');
  const terminator = table.add(terminators, ' ');
  const { bytes: words, start, end } = table.pack();
  const SPACE = 0x20;
  const grammarShapes = shapes(grammar);
  const nounShapes = shapes(nounPhrases);
  const verbShapes = shapes(verbPhrases);
  const grammarPicks = grammar.pickTable();
  const nounPicks = nounPhrases.pickTable();
  const verbPicks = verbPhrases.pickTable();

  let seed = POOL_SEED;
  let length = 0;
  // One draw of dbgen's stream: an index in [0, n).
  const draw = (n: number): number => {
    seed = (seed * MULTIPLIER) % MODULUS;
    return Math.trunc((seed / MODULUS) * n);
  };
  const word = (picks: Int32Array): void => {
    const id = picks[draw(picks.length)];
    for (let i = start[id], e = end[id]; i < e; i++) out[length++] = words[i];
  };
  const nounPhrase = (): void => {
    for (const c of nounShapes[nounPicks[draw(nounPicks.length)]]) {
      switch (c) {
        case 0x41: word(article); break; // A
        case 0x4a: word(adjective); break; // J
        case 0x44: word(adverb); break; // D
        case 0x4e: word(noun); break; // N
        case 0x2c: out[length - 1] = 0x2c; out[length++] = SPACE; break; // ',' after the word: "J, J N"
        default: break;
      }
    }
  };
  const verbPhrase = (): void => {
    for (const c of verbShapes[verbPicks[draw(verbPicks.length)]]) {
      word(c === 0x44 ? adverb : c === 0x56 ? verb : auxiliary);
    }
  };

  while (length < size) {
    for (const c of grammarShapes[grammarPicks[draw(grammarPicks.length)]]) {
      switch (c) {
        case 0x4e: nounPhrase(); break; // N
        case 0x56: verbPhrase(); break; // V
        case 0x50: word(preposition); nounPhrase(); break; // P: "<preposition> the <noun phrase>"
        case 0x54: length--; word(terminator); break; // T: abuts the previous word
        default: break;
      }
    }
  }
  return { bytes: out.subarray(0, size) };
}

/** Each value's significant characters (spaces dropped). */
function shapes(d: Distribution): Uint8Array[] {
  return d.values.map((v) => Buffer.from(v.replaceAll(' ', ''), 'latin1'));
}
