import { runApp } from '@pulse/runtime';
import { loadGatewayConfig } from './gateway.config';
import { GatewayModule } from './gateway.module';

void runApp({ name: 'gateway', loadConfig: loadGatewayConfig, module: (config) => GatewayModule.forRoot(config) });
