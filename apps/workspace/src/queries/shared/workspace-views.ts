/** Read-model rows as the API shows them. */
export interface OrganizationView {
  id: string;
  name: string;
  version: number;
  createdAt: string;
}

export interface ProjectView {
  id: string;
  organizationId: string;
  name: string;
  domains: string[];
  currency: string;
  timeZone: string;
  archived: boolean;
  version: number;
  createdAt: string;
}

export interface StoreView {
  id: string;
  organizationId: string;
  projectId: string;
  name: string;
  removed: boolean;
  version: number;
  createdAt: string;
}

export interface ApiKeyView {
  id: string;
  organizationId: string;
  kind: 'WRITE' | 'SECRET';
  projectId: string | null;
  name: string;
  prefix: string;
  allowedOrigins: string[];
  projectScope: string[] | null;
  revoked: boolean;
  version: number;
  createdAt: string;
}
