/**
 * `npm run distill [-- --dimension N --sif A --out FILE]`: makes the static embedding model from
 * the installed USE-Lite weights (see src/embedding/distill.ts) and writes it to the model cache,
 * where `--embeddings static` finds it (it is otherwise made on first use). Prints the time taken.
 */
import { parseArgs } from "node:util";
import { distill } from "../src/embedding/distill.js";
import { staticModelFile } from "../src/embedding/static.js";
import { writeStaticModel } from "../src/embedding/static-model.js";

const { values } = parseArgs({ options: { dimension: { type: "string" }, sif: { type: "string" }, out: { type: "string" } } });
const opts = {
  ...(values.dimension !== undefined ? { dimension: Number(values.dimension) } : {}),
  ...(values.sif !== undefined ? { sif: Number(values.sif) } : {}),
};
const file = values.out ?? staticModelFile(opts);
const started = performance.now();
let shown = 0;
const model = await distill({
  ...opts,
  onProgress: (done, total) => {
    if (done - shown >= 2000 || done === total) process.stderr.write(`embedded ${(shown = done)} / ${total} tokens\n`);
  },
});
writeStaticModel(file, model);
const seconds = (performance.now() - started) / 1000;
console.log(`${model.header.id}: ${model.header.vocabSize} tokens × ${model.header.dimension} dims, ${((model.rows.byteLength) / 1e6).toFixed(1)} MB, made in ${seconds.toFixed(1)} s → ${file}`);
