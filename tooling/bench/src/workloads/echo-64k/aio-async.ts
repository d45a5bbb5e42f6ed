// echo-64k on @aio streams with async-function tasks (see ../echo.ts).
import { main } from "../echo.js";

await main("echo-64k", "aio-async", "async", 65536, 20000);
