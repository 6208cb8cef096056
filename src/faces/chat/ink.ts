/**
 * Loads Ink and the app for a chat on a real terminal.
 *
 * Ink decides once, when it is first loaded, whether it runs under CI (the CI or
 * CONTINUOUS_INTEGRATION variable set, as many shells and runners export), and under CI it
 * draws only the last frame at exit: the chat would show its header and never its prompt.
 * The Ink chat only ever runs on a TTY, so those variables are hidden while Ink loads and put
 * back at once.
 */
export async function loadInteractive() {
  const names = ["CI", "CONTINUOUS_INTEGRATION"] as const;
  const saved = names.map((n) => [n, process.env[n]] as const);
  for (const n of names) delete process.env[n];
  try {
    const [ink, app] = await Promise.all([import("ink"), import("./App.js")]);
    return { render: ink.render, ChatApp: app.ChatApp };
  } finally {
    for (const [n, v] of saved) if (v !== undefined) process.env[n] = v;
  }
}
