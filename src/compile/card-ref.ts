// How a user flow's action step names a card: `connector.card`.

/** Split at the first dot; without a dot there is no connector part. */
export function splitCardRef(ref: string): { connector: string; card: string; dot: number } {
  const dot = ref.indexOf('.');
  return dot < 0 ? { connector: '', card: ref, dot } : { connector: ref.slice(0, dot), card: ref.slice(dot + 1), dot };
}
