/** Just enough of the Dockerfile grammar for our checks: instructions, continuations, stages. */

export interface DockerInstruction {
  keyword: string;
  args: string;
  line: number;
}

export interface DockerStage {
  /** The image or earlier stage it starts from. */
  from: string;
  name: string | undefined;
  instructions: DockerInstruction[];
}

export function parseDockerfile(text: string): DockerStage[] {
  const stages: DockerStage[] = [];
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    const first = lines[index]?.trim() ?? '';
    if (first === '' || first.startsWith('#')) continue;
    const line = index + 1;
    let joined = first;
    // Docker drops comment lines inside a continued instruction.
    while (joined.endsWith('\\') && index + 1 < lines.length) {
      joined = joined.slice(0, -1);
      const next = lines[++index]?.trim() ?? '';
      if (!next.startsWith('#')) joined += ` ${next}`;
    }
    const match = /^(\S+)\s*(.*)$/.exec(joined);
    if (!match) continue;
    const keyword = (match[1] ?? '').toUpperCase();
    const args = (match[2] ?? '').trim();
    if (keyword === 'FROM') {
      const words = args.split(/\s+/).filter((word) => !word.startsWith('--'));
      const as = words.findIndex((word) => word.toUpperCase() === 'AS');
      stages.push({
        from: words[0] ?? '',
        name: as >= 0 ? words[as + 1] : undefined,
        instructions: [],
      });
    } else {
      // ARGs before the first FROM belong to no stage.
      stages.at(-1)?.instructions.push({ keyword, args, line });
    }
  }
  return stages;
}

export function instructionsOf(stage: DockerStage, keyword: string): DockerInstruction[] {
  return stage.instructions.filter((instruction) => instruction.keyword === keyword);
}

/** `ENV A=1 B=2` (the legacy `ENV A 1` form too) as a map. */
export function envOf(stage: DockerStage): Map<string, string> {
  const env = new Map<string, string>();
  for (const { args } of instructionsOf(stage, 'ENV')) {
    if (!args.includes('=')) {
      const [key = '', ...value] = args.split(/\s+/);
      env.set(key, value.join(' '));
      continue;
    }
    for (const match of args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|'[^']*'|\S*)/g)) {
      env.set(match[1] ?? '', (match[2] ?? '').replace(/^(["'])(.*)\1$/, '$2'));
    }
  }
  return env;
}

/** The user a stage ends with: its last USER, without the group. */
export function userOf(stage: DockerStage): string | undefined {
  return instructionsOf(stage, 'USER').at(-1)?.args.split(':')[0];
}

/** `name:tag` (digest dropped); the tag is undefined when the reference has none. */
export function splitImage(reference: string): { name: string; tag: string | undefined } {
  const withoutDigest = reference.split('@')[0] ?? reference;
  const colon = withoutDigest.lastIndexOf(':');
  if (colon <= withoutDigest.lastIndexOf('/')) return { name: withoutDigest, tag: undefined };
  return { name: withoutDigest.slice(0, colon), tag: withoutDigest.slice(colon + 1) };
}
