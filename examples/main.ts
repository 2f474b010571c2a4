// `npm run example`: synthesizes the example environment into cdk.out/ (no AWS account needed)
// and prints what it defines.
import * as path from 'path';
import { buildApp } from './app';

const outdir = path.join(__dirname, '..', 'cdk.out');
const revision = process.env.EXAMPLE_REVISION === '2' ? 2 : 1;
const assembly = buildApp(revision, outdir).synth();

for (const stack of assembly.stacks) {
  const resources = Object.values(stack.template.Resources ?? {}) as Array<{ Type: string; Properties?: any }>;
  const byType = new Map<string, number>();
  for (const r of resources) byType.set(r.Type, (byType.get(r.Type) ?? 0) + 1);
  const ofType = (t: string) => resources.filter(r => r.Type === t).map(r => r.Properties ?? {});

  console.log(`Stack ${stack.stackName} (revision ${revision}): ${resources.length} resources -> ${path.relative(process.cwd(), stack.templateFullPath)}`);
  for (const [type, count] of [...byType].sort()) console.log(`  ${String(count).padStart(3)}  ${type}`);
  console.log('  Directories registered with WorkSpaces:');
  for (const d of ofType('Custom::WorkSpacesDirectory')) {
    // The directory id is usually a Ref to a Directory Service directory of the same stack.
    const ref = d.DirectoryId?.Ref as string | undefined;
    const ds = ref ? (stack.template.Resources[ref] as { Type: string; Properties: { Name?: string } }) : undefined;
    const name = ds ? `${ds.Properties.Name ?? ref} (${ds.Type}, ${ref})` : String(d.DirectoryId);
    console.log(`    ${name}  subnets: ${(d.SubnetIds ?? []).length}  ip groups: ${(d.IpGroupIds ?? []).length}`);
  }
  console.log('  WorkSpaces:');
  for (const w of ofType('Custom::WorkSpacesWorkspace')) {
    const p = w.WorkspaceProperties ?? {};
    console.log(`    ${w.UserName.padEnd(8)} bundle ${w.BundleId}  ${p.RunningMode ?? ''}${p.RunningModeAutoStopTimeoutInMinutes ? ` ${p.RunningModeAutoStopTimeoutInMinutes} min` : ''}`
      + `${p.ComputeTypeName ? `  compute ${p.ComputeTypeName}` : ''}${p.RootVolumeSizeGib ? `  root ${p.RootVolumeSizeGib} GiB` : ''}${p.UserVolumeSizeGib ? `  user ${p.UserVolumeSizeGib} GiB` : ''}`
      + `${w.VolumeEncryptionKey ? '  encrypted' : ''}`);
  }
}
