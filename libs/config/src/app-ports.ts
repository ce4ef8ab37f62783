/** Default HTTP port of each deployable; the same in the local stack, docker/ and k8s/. */
export const appPorts = {
  gateway: 4000,
  workspace: 4001,
} as const;

export type AppName = keyof typeof appPorts;
