/**
 * Message templates: text with `{name}` or `{name:format}` placeholders, whose arguments TypeScript
 * derives from the template itself, so that a call site that names a template gives exactly its
 * arguments, of the types its formats take. The formats are few and fixed: how a value is written
 * into a sentence is decided here, once, not at each call site.
 */
import { describeValue, humanPath } from "./core/json.js";
import { phrases, type Phrase } from "./messages.js";
import { cutLongText } from "./core/long-text.js";

/**
 * How an argument becomes text, by the format its placeholder names (`{name}` is `text`), with what
 * each writes, for docs/rules.md.
 */
export const formats = {
  text: { meaning: "a number or a text as it is", write: (value: string | number) => String(value) },
  json: {
    meaning: "JSON, as JSON.stringify writes it: a key or a value quoted",
    write: (value: unknown) => String(JSON.stringify(value)),
  },
  value: {
    meaning:
      'a value from the event as a reader would name it: the string "x" (cut at 60 characters), the number 3, an object',
    write: (value: unknown) => describeValue(value),
  },
  number: {
    meaning: "a number as it is (Infinity too), any other value as `value` writes it",
    write: (value: unknown) => (typeof value === "number" ? String(value) : describeValue(value)),
  },
  place: {
    meaning:
      'a JSON Pointer into the event as a reader would write it: `result.score.raw`, `context.extensions["https://x/y"]`, "the event"',
    write: (pointer: string) => humanPath(pointer),
  },
  dotted: {
    meaning: "a JSON Pointer into the event as dotted keys: `object.score`",
    write: (pointer: string) => pointer.slice(1).replaceAll("/", "."),
  },
  phrase: { meaning: "one of the phrases below, by its name", write: (key: Phrase) => phrases[key] },
  article: {
    meaning: "a word after its indefinite article: an Agent, a Group",
    write: (word: string) => `${/^[AEIOU]/.test(word) ? "an" : "a"} ${word}`,
  },
  short: {
    meaning: 'a text as JSON, cut to 57 characters and "..." when longer than 60',
    write: (text: string) => JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}...` : text),
  },
  jsons: {
    meaning: 'values as JSON, between ", "',
    write: (values: readonly unknown[]) => values.map((v) => JSON.stringify(v)).join(", "),
  },
  list: { meaning: 'texts between ", "', write: (values: readonly (string | number)[]) => values.join(", ") },
  or: { meaning: 'texts between " or "', write: (values: readonly (string | number)[]) => values.join(" or ") },
} as const;

export type Format = keyof typeof formats;

/** The placeholders of a template, as written between braces (`name` or `name:format`). */
type Placeholders<T extends string> = T extends `${string}{${infer P}}${infer Rest}` ? P | Placeholders<Rest> : never;
type NameOf<P extends string> = P extends `${infer N}:${string}` ? N : P;
type FormatOf<P extends string> = P extends `${string}:${infer F}` ? F : "text";
type ArgOf<F extends string> = F extends Format ? Parameters<(typeof formats)[F]["write"]>[0] : never;

/** The arguments of template `T`: one property per placeholder name, of the type its format takes. */
export type ArgsOf<T extends string> = { [P in Placeholders<T> as NameOf<P>]: ArgOf<FormatOf<P>> };

/** The rest parameters a call gives for template `T`: none when it has no placeholder. */
export type ArgsParam<T extends string> = [Placeholders<T>] extends [never] ? [] : [args: ArgsOf<T>];

const PLACEHOLDER = /\{(\w+)(?::(\w+))?\}/g;

/** A template cut at its placeholders: the text between them, and each one's name and writer. */
interface Compiled {
  /** One more than the placeholders: the text before each, then the text after the last. */
  between: string[];
  names: string[];
  writers: ((value: unknown) => string)[];
}

/** Templates are few and fixed: each is cut once, on first use, not once per diagnostic. */
const compiled = new Map<string, Compiled>();

function compile(template: string): Compiled {
  let found = compiled.get(template);
  if (found !== undefined) return found;
  found = { between: [], names: [], writers: [] };
  let from = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    const [whole, name, format = "text"] = match;
    const write = (formats as Record<string, { write: (value: unknown) => string } | undefined>)[format]?.write;
    if (write === undefined) throw new Error(`unknown format ${format} in the template ${JSON.stringify(template)}`);
    found.between.push(template.slice(from, match.index));
    found.names.push(name!);
    found.writers.push(write);
    from = match.index + whole.length;
  }
  found.between.push(template.slice(from));
  compiled.set(template, found);
  return found;
}

/** The template filled with `args`, and the text each placeholder stands for: the arguments as data. */
export function written(
  template: string,
  args: Readonly<Record<string, unknown>> = {},
): { message: string; texts: Record<string, string> } {
  const { between, names, writers } = compile(template);
  const texts: Record<string, string> = {};
  let message = between[0]!;
  for (let i = 0; i < names.length; i++) {
    // Cut past MAX_KIND_LENGTH: a key or a verb of a megabyte would otherwise be a megabyte per diagnostic.
    const text = (texts[names[i]!] = cutLongText(writers[i]!(args[names[i]!])));
    message += text + between[i + 1]!;
  }
  return { message, texts };
}

/** The template with each placeholder replaced by its text (as `written` gives them). */
export function filled(template: string, texts: Readonly<Record<string, string>>): string {
  return template.replace(PLACEHOLDER, (_, name: string) => texts[name] ?? "");
}

/** The placeholders of a template as written, for the documentation: `{key:json}`. */
export function placeholdersOf(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[0]);
}
