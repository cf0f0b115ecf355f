/** The machine's ceiling: the smallest possible Bun HTTP server, measured in the same run. */
const port = Number(process.env.PORT ?? 18788);
Bun.serve({ port, hostname: '127.0.0.1', fetch: () => new Response('hello') });
console.error(`[hello] listening on ${port}`);
