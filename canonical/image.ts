import { z } from 'zod';
import { ExternalRef } from './common';

export const Image = z.object({
  id: z.string().startsWith('img_'),
  externalRefs: z.array(ExternalRef),
  url: z.string().url(),
  altText: z.string().nullable(),
  position: z.number().int().positive(),
});
export type Image = z.infer<typeof Image>;
