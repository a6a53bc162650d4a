/**
 * Identity of the machine and its operating system, named and derived as HTCondor's sysapi does
 * (src/condor_sysapi/arch.cpp): Arch from uname's machine, OpSys* from the first line of the
 * issue/release files, falling back to /etc/os-release PRETTY_NAME.
 */
import type { ProbeRecorder } from "./record.js";
import { readHostFile, type HostView } from "./view.js";

/** HTCondor's Arch for a uname machine string; unknown machines are kept verbatim. */
export function condorArch(machine: string): string {
  switch (machine) {
    case "x86_64":
    case "amd64":
      return "X86_64";
    case "i386":
    case "i486":
    case "i586":
    case "i686":
    case "i86pc":
      return "INTEL";
    case "ia64":
      return "IA64";
    case "ppc":
    case "ppc32":
    case "Power Macintosh":
      return "PPC";
    case "ppc64":
      return "PPC64";
    default:
      return machine;
  }
}

/** HTCondor's distribution keyword search over a lower-cased long name; "LINUX" when none matches. */
export function linuxDistroName(longName: string): string {
  const lc = longName.toLowerCase();
  const has = (word: string): boolean => lc.includes(word);
  if (has("red") && has("hat")) return "RedHat";
  if (has("fedora")) return "Fedora";
  if (has("ubuntu")) return "Ubuntu";
  if (has("debian")) return "Debian";
  if (has("scientific") && has("cern")) return "SLCern";
  if (has("scientific") && has("slf")) return "SLFermi";
  if (has("scientific")) return "SL";
  if (has("centos")) return "CentOS";
  if (has("rocky")) return "Rocky";
  if (has("almalinux")) return "AlmaLinux";
  if (has("amazon linux")) return "AmazonLinux";
  if (has("opensuse")) return "openSUSE";
  if (has("suse")) return "SUSE";
  return "LINUX";
}

/** The first run of digits (0 when none, or for "Unknown"). */
export function majorVersion(longName: string): number {
  const m = /[0-9]+/.exec(longName);
  return m ? Number(m[0]) : 0;
}

/** major*100 + up to two digits after the first '.' following the major number. */
export function opsysVersion(longName: string): number {
  const m = /([0-9]+)(?:\.([0-9]{0,2}))?/.exec(longName);
  if (!m) return 0;
  const major = Number(m[1]);
  const minor = m[2] ? Number(m[2]) : 0;
  return major * 100 + minor;
}

/** First line of an issue file with trailing blanks and Debian's `\n \l` escapes removed. */
export function cleanIssueLine(text: string): string {
  let line = (text.split("\n")[0] ?? "").slice(0, 199);
  for (;;) {
    line = line.replace(/\s+$/, "");
    if (line.length > 2 && line[line.length - 2] === "\\" && /[nl]/.test(line[line.length - 1] ?? "")) {
      line = line.slice(0, -2);
    } else {
      return line;
    }
  }
}

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
    const line = text === "" ? "Unknown" : cleanIssueLine(text);
    if (linuxDistroName(line) !== "LINUX") return { name: line, source: file };
  }
  const osRelease = readHostFile(view, "/etc/os-release", 65536);
  if (osRelease !== null) {
    for (const line of osRelease.split("\n")) {
      if (!line.includes("PRETTY_NAME")) continue;
      const open = line.indexOf('"');
      if (open < 0) continue;
      const close = line.indexOf('"', open + 1);
      return { name: close < 0 ? line.slice(open + 1) : line.slice(open + 1, close), source: "/etc/os-release PRETTY_NAME" };
    }
  }
  return { name: "Unknown", source: "none of /etc/issue, /etc/*-release, /etc/os-release named a distribution" };
}

/** OSPool's OSG_HOST_KERNEL_VERSION: 10000*major + 100*minor + patch of `uname -r`. */
export function kernelVersionNumber(release: string): number | null {
  const m = /^([0-9]+)\.([0-9]+)(?:\.([0-9]+))?/.exec(release);
  if (!m) return null;
  return 10000 * Number(m[1]) + 100 * Number(m[2]) + Number(m[3] ?? 0);
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
  const major = majorVersion(long.name);
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
