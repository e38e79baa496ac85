// The runtime error codes connector test runs raise, with what each means; docs/testing.md documents them.
export const TEST_ERROR_CODES = {
  TEST_UNRECORDED_REQUEST: 'A request of a replayed case matches no interaction of its cassette; the closest recorded one is shown.',
  TEST_OFFLINE_TOKEN: 'A replayed case tried to fetch or refresh OAuth tokens; offline runs use placeholder tokens only.',
  TEST_CASSETTE_INVALID: 'A cassette file cannot be read or does not have the cassette form.',
  TEST_CASSETTE_SECRET: 'A recording still held a secret value after scrubbing, so it was not written.',
} as const;

export type TestErrorCode = keyof typeof TEST_ERROR_CODES;
