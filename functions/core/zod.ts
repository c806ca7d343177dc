// zod for the functions: zod/mini (schemas as plain data and functions, so a bundle holds only
// what it uses; classic zod's ~96 KiB attach every method and the JSON-schema generator to
// each schema) with zod's English messages. zod/mini sets no locale of its own: without the
// line below every message it makes is "Invalid input", while clients read these messages in
// 400 VALIDATION_FAILED issues and in a case's `missing`. Every module under functions/ takes
// z from here (`import * as z from '#core/zod.ts'`), never from 'zod' or 'zod/mini' itself.
import { config } from 'zod/mini';
import { en } from 'zod/locales';

config(en());

export * from 'zod/mini';
