// `node --import ./test/support/record-loads.mjs …`: every module the process resolves is appended,
// one URL a line, to the file named by RECORD_LOADS (for tests of what a command loads).
import { register } from "node:module";

if (process.env.RECORD_LOADS) register("./record-loads-hooks.mjs", import.meta.url, { data: { file: process.env.RECORD_LOADS } });
