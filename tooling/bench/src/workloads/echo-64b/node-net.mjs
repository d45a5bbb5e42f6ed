// echo-64b on hand-written node:net (see ../echo-net.mjs).
import { main } from "../echo-net.mjs";

await main("echo-64b", 64, 200000);
