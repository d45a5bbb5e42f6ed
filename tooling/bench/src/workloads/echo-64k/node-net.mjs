// echo-64k on hand-written node:net (see ../echo-net.mjs).
import { main } from "../echo-net.mjs";

await main("echo-64k", 65536, 20000);
