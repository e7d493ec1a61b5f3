import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Readiness, serveMetrics } from '@hookline/telemetry';

/** Probes and metrics on an HTTP app's own port (workers use the ops server instead); operations, not the public API. */
@ApiExcludeController()
@Controller()
export class HealthController {
  constructor(private readonly readiness: Readiness) {}

  @Get('healthz')
  health(): { status: string } {
    return { status: 'ok' };
  }

  @Get('readyz')
  async ready(@Res() response: Response): Promise<void> {
    const report = await this.readiness.report();
    response.status(report.ready ? 200 : 503).json(report);
  }

  @Get('metrics')
  metrics(@Req() request: Request, @Res() response: Response): void {
    serveMetrics(request, response);
  }
}
