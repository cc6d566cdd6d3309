import { Controller, Get, Inject, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Response } from 'express';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Public } from '@riskpool/service-kit';
import { GATEWAY_CONFIG, GatewaySettings } from '../gateway.tokens';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'application/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};

/**
 * The web console's built files (services/console). Public like any web page: the console signs in
 * with an API key that it sends to `/api/v1` itself. Paths that name no file get index.html, so
 * the console's own routes (`/console/claims/...`) survive a reload.
 */
// The console's files, not an API operation.
@ApiExcludeController()
@Controller('console')
export class ConsoleHttpController {
  private readonly root: string;

  constructor(@Inject(GATEWAY_CONFIG) settings: GatewaySettings) {
    this.root = path.resolve(settings.config.CONSOLE_DIR);
  }

  @Get()
  @Public()
  index(@Res() response: Response): void {
    this.send(response, 'index.html');
  }

  @Get('*path')
  @Public()
  file(@Param('path') segments: string[] | string, @Res() response: Response): void {
    const relative = Array.isArray(segments) ? segments.join('/') : segments;
    const resolved = path.resolve(this.root, relative);
    const inside = resolved.startsWith(this.root + path.sep);
    if (inside && fs.existsSync(resolved) && fs.statSync(resolved).isFile()) {
      this.send(response, path.relative(this.root, resolved));
      return;
    }
    // A missing asset is a 404; anything else is a route of the console itself.
    if (relative.startsWith('assets/')) {
      response.status(404).type('text/plain').send('not found');
      return;
    }
    this.send(response, 'index.html');
  }

  private send(response: Response, relative: string): void {
    const file = path.join(this.root, relative);
    if (!fs.existsSync(file)) {
      response
        .status(404)
        .type('text/plain')
        .send('The console is not built: run `npx vite build services/console`.');
      return;
    }
    const type = CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream';
    response.setHeader('content-type', type);
    // Hashed asset names never change; index.html must be fetched afresh after a rebuild.
    response.setHeader(
      'cache-control',
      relative.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
    );
    fs.createReadStream(file).pipe(response);
  }
}
