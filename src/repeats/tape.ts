/**
 * Where --dedupe and --latest write down the items they read, to give them out again in order once
 * every verdict is known: one line of text per item. In memory here (the library's default); the
 * command line keeps it in a temporary file (write/tape-file.ts), so that what is held in memory per
 * event is only what a verdict needs.
 */
export interface Tape {
  /** Writes one item's text (no line break in it) and says where it is. */
  put(text: string): number;
  /** The text put at `at`. */
  get(at: number): string;
  /** Every text with where it is, in the order they were put. */
  replay(): Iterable<[at: number, text: string]>;
  /** Lets go of what the tape holds; nothing can be read after. */
  close(): void;
}

export function tapeInMemory(): Tape {
  let texts: string[] = [];
  return {
    put: (text) => texts.push(text) - 1,
    get: (at) => texts[at]!,
    *replay() {
      for (const [at, text] of texts.entries()) yield [at, text];
    },
    close: () => {
      texts = [];
    },
  };
}
