// echo-64b on @aio streams with async-function tasks (see ../echo.ts).
import { main } from "../echo.js";

await main("echo-64b", "aio-async", "async", 64, 200000);
