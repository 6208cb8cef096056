import { useStdout } from "ink";
import { createContext, useContext, useEffect, useState } from "react";
import type { LayoutOptions, Paint } from "../terminal/briefing.js";

/**
 * Whether to colour. Chalk (under Ink) does not read NO_COLOR, so the chat decides once and
 * components ask here: with colour off they fall back to bold/underline, which NO_COLOR allows.
 */
export const ColorContext = createContext(true);

export function useColor(): { on: boolean; paint: (name: string) => string | undefined } {
  const on = useContext(ColorContext);
  return { on, paint: (name) => (on ? name : undefined) };
}

/** The terminal's width as the app last saw it (see useTerminalColumns). */
export const ColumnsContext = createContext(80);

export function useColumns(): number {
  // The real width, however narrow: text laid out wider than the terminal is wrapped again by it, ragged.
  return Math.max(1, useContext(ColumnsContext));
}

/** Below this width the chat drops boxes and side-by-side columns and stacks its lines. */
export const NARROW = 24;

/** Tracks the terminal's width across resizes; used once, at the top, to feed ColumnsContext. */
export function useTerminalColumns(): number {
  const { stdout } = useStdout();
  const [columns, setColumns] = useState(stdout.columns || 80);
  useEffect(() => {
    const onResize = () => setColumns(stdout.columns || 80);
    stdout.on("resize", onResize);
    return () => void stdout.off("resize", onResize);
  }, [stdout]);
  return columns;
}

/** How the chat paints each part of a briefing: markers and tags cyan, notices yellow, headings dim. */
export function screenPaint(paint: (name: string) => string | undefined, on: boolean): Paint {
  return (role) => {
    switch (role) {
      case "understood":
        return { dimColor: true, italic: true };
      case "notice":
      case "differ":
        return { color: paint("yellow") };
      case "marker":
      case "tag":
        return { bold: true, color: paint("cyan") };
      case "date":
      case "title":
      case "view":
        return { bold: true };
      case "heading":
      case "meta":
        return { dimColor: true };
      case "quoted":
        return { bold: true, underline: !on, color: paint("yellow") };
    }
  };
}

/** Layout options for the chat: the terminal's width, the screen form, the chat's paint. */
export function useLayout(): LayoutOptions {
  const { on, paint } = useColor();
  return { width: useColumns(), form: "screen", paint: screenPaint(paint, on) };
}
