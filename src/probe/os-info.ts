/**
 * Identity of the machine and its operating system, named and derived as HTCondor's sysapi does
 * (src/condor_sysapi/arch.cpp): Arch from uname's machine, OpSys* from the first line of the
 * issue/release files, falling back to /etc/os-release PRETTY_NAME. The texts are read here; what
 * they mean is decided in parsers/os.ts.
 */
import type { HostView } from "./host-view.js";
import { condorArch, kernelVersionNumber, linuxDistroName, opsysMajorVersion, opsysVersion, parseIssueFile, parseOsReleasePrettyName } from "./parsers/os.js";
import type { ProbeRecorder } from "./record.js";
import { readHostFile } from "./view.js";

const ISSUE_FILES = ["/etc/issue", "/etc/redhat-release", "/etc/system-release", "/etc/issue.net"];

interface LongName {
  readonly name: string;
  readonly source: string;
}

/** OpSysLongName and the file it came from. */
export function linuxLongName(view: HostView): LongName {
  for (const file of ISSUE_FILES) {
    const text = readHostFile(view, file, 4096);
    if (text === null) continue;
    const line = text === "" ? "Unknown" : parseIssueFile(text);
    if (linuxDistroName(line) !== "LINUX") return { name: line, source: file };
  }
  const osRelease = readHostFile(view, "/etc/os-release", 65536);
  const pretty = osRelease === null ? null : parseOsReleasePrettyName(osRelease);
  if (pretty !== null) return { name: pretty, source: "/etc/os-release PRETTY_NAME" };
  return { name: "Unknown", source: "none of /etc/issue, /etc/*-release, /etc/os-release named a distribution" };
}

export function probeIdentity(view: HostView, rec: ProbeRecorder): void {
  const machineName = view.hostname;
  rec.publish(
    "identity",
    [
      ["MyType", "Machine"],
      ["TargetType", "Job"],
      ["Name", `slot1@${machineName}`],
      ["Machine", machineName],
      ["SlotID", 1],
      ["SlotType", "Static"],
      ["State", "Unclaimed"],
      ["Activity", "Idle"],
      ["FileSystemDomain", machineName],
      ["UidDomain", machineName],
    ],
    "one static slot owning the whole machine, named as a startd names slot 1; domains default to the host name",
    "host name",
  );

  const { sysname, release, machine, nodename } = view.uname;
  rec.publish(
    "arch",
    [
      ["Arch", condorArch(machine)],
      ["UtsnameSysname", sysname],
      ["UtsnameNodename", nodename],
      ["UtsnameRelease", release],
      ["UtsnameMachine", machine],
    ],
    `uname machine "${machine}" maps to HTCondor Arch "${condorArch(machine)}"`,
    "uname(2)",
  );

  const kernel = kernelVersionNumber(release);
  if (kernel !== null) {
    rec.publish(
      "kernel",
      [["OSG_HOST_KERNEL_VERSION", kernel]],
      `10000*major + 100*minor + patch of kernel release "${release}", as the OSPool pilot advertises it`,
      "uname -r",
    );
  }

  if (sysname.toLowerCase() !== "linux") {
    rec.publish(
      "opsys",
      [["OpSys", sysname.toUpperCase()]],
      `not Linux (${sysname}): only the upper-cased system name is advertised`,
      "uname(2)",
    );
    return;
  }
  const long = linuxLongName(view);
  const name = linuxDistroName(long.name);
  const major = opsysMajorVersion(long.name);
  rec.publish(
    "opsys",
    [
      ["OpSys", "LINUX"],
      ["OpSysLegacy", "LINUX"],
      ["OpSysLongName", long.name],
      ["OpSysName", name],
      ["OpSysShortName", name],
      ["OpSysMajorVer", major],
      ["OpSysVer", opsysVersion(long.name)],
      ["OpSysAndVer", `${name}${major}`],
    ],
    `long name "${long.name}" from ${long.source}; distribution keyword gives "${name}", first number gives major ${major}`,
    "/etc/issue, /etc/redhat-release, /etc/system-release, /etc/issue.net, /etc/os-release",
  );
}
