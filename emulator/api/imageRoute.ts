import type { RouteHandler } from './ApiResponse.ts';

/** A 3×2 RGB PNG (red, green, blue columns), small enough to inline, real enough to decode. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAMAAAACCAIAAAASFvFNAAAAEElEQVR4nGP4z8DAAMFwFgA72AX73hA3ZQAAAABJRU5ErkJggg==',
  'base64',
);

/** Width and height of the served image, for tests that decode it. */
export const IMAGE_SIZE = { width: 3, height: 2 };

/** `GET /image/{name}`: a real PNG behind IAM auth, for `<img src>` of the API. */
export const imageRoute: RouteHandler = async () => ({
  status: 200,
  body: PNG,
  headers: { 'Content-Type': 'image/png' },
});
