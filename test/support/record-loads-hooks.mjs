// Module hooks for record-loads.mjs: they run off the main thread, so they write what they see to a file.
import { appendFileSync } from "node:fs";

let file = "";

export function initialize(data) {
  file = data.file;
}

export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  appendFileSync(file, resolved.url + "\n");
  return resolved;
}
