// echo-64k on @aio streams with generator tasks (see ../echo.ts).
import { main } from "../echo.js";

await main("echo-64k", "aio-gen", "gen", 65536, 20000);
