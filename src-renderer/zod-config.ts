import { z } from 'zod';

// Zod compiles fast parsers with `new Function`; our CSP (script-src 'self') forbids eval, and
// even the probe for it would be reported as a CSP violation. Imported first by main.tsx.
z.config({ jitless: true });
