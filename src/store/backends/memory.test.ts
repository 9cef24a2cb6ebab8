// Runs the shared backend suite on the memory backend.
import { MemoryBackend } from "./memory.ts";
import { backendSuite } from "./suite.ts";

backendSuite("memory", { create: async () => new MemoryBackend() });
