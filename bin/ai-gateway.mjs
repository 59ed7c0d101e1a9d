#!/usr/bin/env node
// The launcher's former name, kept because agent configs written in direct mode by earlier versions run
// `node .../bin/ai-gateway.mjs token`. The command itself is bin/ai-gateway.cjs.
import { createRequire } from 'node:module';

createRequire(import.meta.url)('./ai-gateway.cjs');
