// Executor side of the local-mode word count: a `counter` actor that counts the words of the
// lines it is asked about and replies with [word, count] pairs.
import { joinLocalCluster, defineProtocol } from '../dist/runtime/index.js';

const protocol = defineProtocol('word-count', 1, { CountWords: true });
const { system, ready } = joinLocalCluster();

system.spawn('counter', {
  protocol,
  create: () => ({
    receive(ctx, msg) {
      const counts = new Map();
      for (const line of msg.lines) {
        for (const word of line.toLowerCase().split(/[^\p{L}\p{N}']+/u)) {
          if (word) counts.set(word, (counts.get(word) ?? 0) + 1);
        }
      }
      ctx.reply({ executor: ctx.self.node, pairs: [...counts] });
    },
  }),
});
ready();
