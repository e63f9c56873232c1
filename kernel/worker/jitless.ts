/**
 * Imported first by the kernel worker: zod compiles fast parsers with `new Function`
 * when a schema is created, and the worker removes the Function constructor before
 * cells run (sandbox.ts). Schemas made after this line never try.
 */
import { z } from "zod";

z.config({ jitless: true });
