// Names the scaffolding commands accept: the same rules as the schemas (`$defs/name`, `identifier`,
// `connectionName`), checked before anything is written so a scaffolded file always validates.
const NAME = /^[a-z][a-z0-9_-]*$/;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const CONNECTION_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;
const MAX_LENGTH = 128;

export type NameKind = 'connector' | 'flow' | 'card' | 'connection';

/** Undefined when `name` is valid; otherwise why not, as one sentence for an error message. */
export function nameProblem(kind: NameKind, name: string): string | undefined {
  const pattern = kind === 'card' ? IDENTIFIER : kind === 'connection' ? CONNECTION_NAME : NAME;
  const shown = JSON.stringify(name.slice(0, 64));
  if (name.length > MAX_LENGTH) return `the ${kind} name ${shown}... is longer than ${MAX_LENGTH} characters`;
  if (pattern.test(name)) return undefined;
  switch (kind) {
    case 'card':
      return `${shown} is not a card name: letters, digits and _, not starting with a digit`;
    case 'connection':
      return `${shown} is not a connection name: letters, digits, _, . and -, not starting with . or -`;
    default:
      return `${shown} is not a ${kind} name: lowercase letters, digits, _ and -, starting with a letter`;
  }
}

/** `new-post-reply` -> `New post reply`: the title a scaffolded file starts with. */
export function titleFromName(name: string): string {
  const words = name.replace(/[-_]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
