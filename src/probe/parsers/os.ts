/**
 * Operating-system identity from the texts the host gives (browser-safe): uname's machine and
 * release, the first line of the issue/release files, /etc/os-release. Named and derived as
 * HTCondor's sysapi does (src/condor_sysapi/arch.cpp).
 */

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

/** HTCondor's OpSysName: a distribution keyword search over the long name; "LINUX" when none matches. */
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

/** HTCondor's OpSysMajorVer: the first run of digits of the long name (0 when none, or for "Unknown"). */
export function opsysMajorVersion(longName: string): number {
  const m = /[0-9]+/.exec(longName);
  return m ? Number(m[0]) : 0;
}

/** HTCondor's OpSysVer: major*100 + up to two digits after the first '.' following the major number. */
export function opsysVersion(longName: string): number {
  const m = /([0-9]+)(?:\.([0-9]{0,2}))?/.exec(longName);
  if (!m) return 0;
  const major = Number(m[1]);
  const minor = m[2] ? Number(m[2]) : 0;
  return major * 100 + minor;
}

/**
 * The long name an issue or release file gives (/etc/issue, /etc/redhat-release, ...): its first
 * line, at most 199 bytes, with trailing blanks and Debian's `\n \l` escapes removed.
 */
export function parseIssueFile(text: string): string {
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

/**
 * `PRETTY_NAME` of /etc/os-release as HTCondor reads it: the text between the first two double
 * quotes of the first line naming it (to the end of the line when the second quote is missing);
 * null when no such line has a quote.
 */
export function parseOsReleasePrettyName(text: string): string | null {
  for (const line of text.split("\n")) {
    if (!line.includes("PRETTY_NAME")) continue;
    const open = line.indexOf('"');
    if (open < 0) continue;
    const close = line.indexOf('"', open + 1);
    return close < 0 ? line.slice(open + 1) : line.slice(open + 1, close);
  }
  return null;
}

/** OSPool's OSG_HOST_KERNEL_VERSION: 10000*major + 100*minor + patch of `uname -r`; null when it does not start with numbers. */
export function kernelVersionNumber(release: string): number | null {
  const m = /^([0-9]+)\.([0-9]+)(?:\.([0-9]+))?/.exec(release);
  if (!m) return null;
  return 10000 * Number(m[1]) + 100 * Number(m[2]) + Number(m[3] ?? 0);
}
