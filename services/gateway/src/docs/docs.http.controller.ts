import { Controller, Get, Header, NotFoundException, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Response } from 'express';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Public } from '@riskpool/service-kit';
// Assembled from the services' own documents by `npm run openapi:generate` (committed).
import openApiDocument from './public-api.json';

/** swagger-ui's files, served from the npm package (no CDN). */
const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'application/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
  'favicon-16x16.png': 'image/png',
};

const SWAGGER_DIR = path.dirname(require.resolve('swagger-ui-dist/package.json'));

const INDEX_HTML = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>riskpool API</title>
  <link rel="stylesheet" href="/api/docs/assets/swagger-ui.css">
  <link rel="icon" type="image/png" href="/api/docs/assets/favicon-32x32.png">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/api/docs/assets/swagger-ui-bundle.js"></script>
  <script src="/api/docs/assets/swagger-ui-standalone-preset.js"></script>
  <script src="/api/docs/init.js"></script>
</body>
</html>
`;

const INIT_JS = `window.ui = SwaggerUIBundle({
  url: '/api/docs/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  // The bearer key stays in the page's memory, never in localStorage.
  persistAuthorization: false,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
  layout: 'StandaloneLayout',
});
`;

/** The API's documentation: open to all, like any published API reference. */
// The documentation's own pages, not an API operation.
@ApiExcludeController()
@Controller('api/docs')
export class DocsHttpController {
  private readonly document = JSON.stringify(openApiDocument);

  @Get()
  @Public()
  @Header('content-type', 'text/html; charset=utf-8')
  index(): string {
    return INDEX_HTML;
  }

  @Get('openapi.json')
  @Public()
  @Header('content-type', 'application/json; charset=utf-8')
  openApi(): string {
    return this.document;
  }

  @Get('init.js')
  @Public()
  @Header('content-type', 'application/javascript; charset=utf-8')
  init(): string {
    return INIT_JS;
  }

  @Get('assets/:file')
  @Public()
  asset(@Param('file') file: string, @Res() response: Response): void {
    const type = ASSETS[file];
    if (type === undefined) throw new NotFoundException();
    response.setHeader('content-type', type);
    response.setHeader('cache-control', 'public, max-age=86400');
    fs.createReadStream(path.join(SWAGGER_DIR, file)).pipe(response);
  }
}
