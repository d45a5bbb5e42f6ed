#!/usr/bin/env node
// The aio-trace command: see ../src/cli.ts.
import { main } from "../dist/cli.js";

process.exitCode = await main(process.argv.slice(2));
