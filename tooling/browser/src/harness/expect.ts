// vitest's `expect` for the page: @vitest/expect's chai plugins (the very matchers vitest uses),
// assembled as vitest's createExpect does, minus snapshots and polling.
import {
  ASYMMETRIC_MATCHERS_OBJECT,
  ChaiStyleAssertions,
  JestAsymmetricMatchers,
  JestChaiExpect,
  JestExtend,
  chai,
  getState,
  setState,
} from "@vitest/expect";

chai.use(JestExtend);
chai.use(JestChaiExpect);
chai.use(ChaiStyleAssertions);
chai.use(JestAsymmetricMatchers);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Expect = ((value: unknown, message?: string) => any) & Record<string, unknown>;

export const expect = ((value: unknown, message?: string) => {
  const { assertionCalls } = getState(expect as never) as { assertionCalls: number };
  setState({ assertionCalls: assertionCalls + 1 }, expect as never);
  return chai.expect(value, message);
}) as Expect;

Object.assign(expect, chai.expect);
Object.assign(expect, (globalThis as Record<symbol, unknown>)[ASYMMETRIC_MATCHERS_OBJECT]);
setState(
  {
    assertionCalls: 0,
    isExpectingAssertions: false,
    isExpectingAssertionsError: null,
    expectedAssertionsNumber: null,
    expectedAssertionsNumberErrorGen: null,
    testPath: "",
    currentTestName: "",
  } as never,
  expect as never,
);
expect["getState"] = () => getState(expect as never);
expect["setState"] = (state: unknown) => setState(state as never, expect as never);
expect["assert"] = chai.assert;
expect["extend"] = (matchers: unknown) => (chai.expect as unknown as { extend(e: unknown, m: unknown): void }).extend(expect, matchers);
expect["unreachable"] = (message?: string) => {
  chai.assert.fail(`expected${message ? ` "${message}" ` : " "}not to be reached`);
};
expect["assertions"] = () => {};
expect["hasAssertions"] = () => {};
