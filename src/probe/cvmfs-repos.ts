/**
 * The CVMFS repositories the OSPool pilot checks and the attribute each one is advertised as
 * (browser-safe; the check itself is in cvmfs.ts).
 */

/** The repositories advertise-base checks (osg-flock ospool-pilot/main/pilot/advertise-base). */
export const OSPOOL_CVMFS_REPOS: readonly string[] = [
  "ams.cern.ch",
  "atlas.cern.ch",
  "belle.cern.ch",
  "clicdp.cern.ch",
  "cms.cern.ch",
  "ara.opensciencegrid.org",
  "connect.opensciencegrid.org",
  "eic.opensciencegrid.org",
  "gluex.osgstorage.org",
  "gwosc.osgstorage.org",
  "icecube.opensciencegrid.org",
  "icecube.osgstorage.org",
  "larsoft-ib.opensciencegrid.org",
  "larsoft.opensciencegrid.org",
  "muoncollider.cern.ch",
  "nexo.opensciencegrid.org",
  "oasis.opensciencegrid.org",
  "public-uc.osgstorage.org",
  "rnog.opensciencegrid.org",
  "sft.cern.ch",
  "singularity.opensciencegrid.org",
  "snoplus.egi.eu",
  "software.igwn.org",
  "sphenix.opensciencegrid.org",
  "spt.opensciencegrid.org",
  "stash.osgstorage.org",
  "sw.hsf.org",
  "sw.lsst.eu",
  "unpacked.cern.ch",
  "veritas.opensciencegrid.org",
  "xenon.opensciencegrid.org",
];

/** `HAS_CVMFS_<repo with . and - as _>`, as advertise-base names it. */
export function cvmfsAttributeName(repo: string): string {
  return "HAS_CVMFS_" + repo.replace(/[.-]/g, "_");
}
