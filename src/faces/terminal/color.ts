/**
 * NO_COLOR (any non-empty value, see no-color.org) turns colour off; so does a stdout that is
 * not a terminal. Kept apart from the Ink components so deciding it loads nothing else.
 */
export function colorWanted(env: NodeJS.ProcessEnv = process.env, stream: { isTTY?: boolean } = process.stdout): boolean {
  return !env.NO_COLOR && Boolean(stream.isTTY);
}
