// The README's opening example, run on a TestLoop (virtual time) so it is checked on every run.
import { expect, it, vi } from "vitest";
import { TimeoutError } from "@aio/core";
import { TestLoop, run } from "@aio/loop";
import { gather, sleep, timeout } from "@aio/combinators";

it("runs the README example", async () => {
  const out: unknown[] = [];
  const log = vi.fn((...a: unknown[]) => out.push(a.length === 1 ? a[0] : a));
  let loop: TestLoop | null = null;

  function* fetchUser(id: number) {
    yield* sleep(0.1 * id); // pretend I/O
    return { id, name: `user${id}` };
  }

  await run(
    function* () {
      const users = yield* gather([fetchUser(1), fetchUser(2), fetchUser(3)]);
      log(users.map((u) => u.name), Math.round(loop!.time() * 1000) / 1000);
      try {
        yield* timeout(0.15, function* () {
          yield* fetchUser(5); // would take 0.5 s
        });
      } catch (e) {
        if (e instanceof TimeoutError) log("fetchUser(5) took too long");
      }
    },
    { loopFactory: () => (loop = new TestLoop()) },
  );
  expect(out).toEqual([[["user1", "user2", "user3"], 0.3], "fetchUser(5) took too long"]);
});
