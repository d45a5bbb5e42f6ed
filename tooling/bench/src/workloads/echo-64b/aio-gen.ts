// echo-64b on @aio streams with generator tasks (see ../echo.ts).
import { main } from "../echo.js";

await main("echo-64b", "aio-gen", "gen", 64, 200000);
