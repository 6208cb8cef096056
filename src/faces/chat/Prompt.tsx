import { Box, Text, useInput } from "ink";
import TextInput from "ink-text-input";
import { useRef, useState } from "react";
import type { InputHistory } from "./commands.js";
import { useColor } from "./theme.js";

/** The input line: Enter submits, Up/Down recall earlier inputs. */
export function Prompt({ history, onSubmit, active, placeholder }: { history: InputHistory; onSubmit: (line: string) => void; active: boolean; placeholder?: string }) {
  const { on, paint } = useColor();
  const [value, setValue] = useState("");
  // The line as typed so far, current even before React re-renders: Enter can arrive in the
  // same tick as the last keystroke, when TextInput's own submit would still see the old value.
  const typed = useRef("");
  // A new key remounts TextInput so its cursor lands at the end of a recalled line.
  const [generation, setGeneration] = useState(0);
  const replace = (line: string) => {
    typed.current = line;
    setValue(line);
    setGeneration((g) => g + 1);
  };
  const submit = (line: string) => {
    replace("");
    if (!line.trim()) return;
    history.add(line);
    onSubmit(line);
  };
  useInput(
    (_input, key) => {
      if (key.return) submit(typed.current);
      else if (key.upArrow) {
        const line = history.up(typed.current);
        if (line !== null) replace(line);
      } else if (key.downArrow) {
        const line = history.down();
        if (line !== null) replace(line);
      }
    },
    { isActive: active },
  );
  // Text that arrives in one chunk (a paste, or keys typed while the app was busy) can carry
  // Enter inside it; TextInput would keep the CR in the value and the line would be overdrawn.
  const change = (next: string) => {
    const parts = next.replace(/\t/g, " ").replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g, "").split(/\r\n|\r|\n/);
    const rest = parts.pop()!;
    for (const line of parts) submit(line);
    if (parts.length) replace(rest);
    else {
      typed.current = rest;
      setValue(rest);
    }
  };
  return (
    <Box>
      <Text bold color={paint("green")}>
        {"› "}
      </Text>
      {/* ink-text-input greys its placeholder with a colour code; with colour off it is drawn dim here. */}
      <TextInput key={generation} value={value} onChange={change} focus={active} placeholder={on ? placeholder : undefined} />
      {!on && placeholder && !value ? <Text dimColor>{placeholder}</Text> : null}
    </Box>
  );
}
