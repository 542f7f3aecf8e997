#!/usr/bin/env python3
"""Independent AUTO-07p reference for periodic-orbit continuation (lit tests).

Usage: python3 auto_reference.py {morris_lecar|hh} OUT.json [--ntst N]

For the model named (the stdlib's equations written again here, units mV, ms,
uA/cm^2, mS/cm^2, uF/cm^2; parameter I = PAR(1)) it runs AUTO-07p twice:
 1. IPS=1: equilibria from rest at a low I (ML: I=60, HH: I=0; stpnt finds
    rest by bisection of dv/dt on the steady-state gating curve) up to the
    first Hopf point (STOP=['HB1']);
 2. IPS=2, ICP=[1, 11] (I, period): periodic orbits from that Hopf point
    through the fold(s) of cycles (LP) onto the stable large-amplitude branch,
    with UZR at I = 90, 92, 100, 120 (ML) / 7, 8, 9, 12 (HH) and UZSTOP at
    I = 150 (ML) / 20 (HH), so both cycles are reported where two coexist.
AUTO is run directly: the C equations file (auto_f2c.h API, analytic
Jacobians, JAC=1) is compiled with gcc, linked with gfortran against
$AUTO_DIR/lib (default /usr/lib/auto-07p, Debian's auto-07p), and run with a
keyword constants file on stdin; fort.7/8/9 are parsed here.  (The Python CLI
of Debian 12's auto-07p 0.9.2 breaks on numpy >= 1.24, numpy.bool.)  HH's am,
an use x/expm1(x) with a Taylor series for |x| < 1e-3 (v = -40, -55).

OUT.json: "hopf": [{I, v, period_ms = AUTO's 2 pi/omega}]; "cycles": per UZ
point in branch order, I, period_ms = PAR(11), v_min, v_max, "multipliers"
(AUTO's Floquet multipliers [re, im], 6 digits) and "stable" (all but the
multiplier closest to 1 have modulus < 1); "folds": LP points of the
periodic branch; "constants".  v_min/v_max are extrema of the degree-NCOL
collocation polynomials, not only of the stored points.

Constants: NTST=200, NCOL=4, adaptive mesh IAD=3 -- doubling NTST changes
periods by < 1e-10 relative, v_min/v_max by < 2e-8 mV and the fold and UZ
currents not at all (in the 11 digits AUTO writes); EPSL=EPSU=1e-10 (Newton
tolerances, parameters / solution) and EPSS=1e-10 (location of HB, LP, UZ),
as tight as the 11 stored digits warrant and converging without MX or
retries; ITMX=20, NWTN=5, ITNW=10 give the iterations room to meet them.

Exit status: 0 ok; 77 (prints SKIP) if AUTO-07p, or gcc/gfortran needed to
build the equations, is missing; 1 on any AUTO failure.
"""
import glob, json, math, os, shutil, subprocess, sys, tempfile

AUTO_DIR = os.environ.get("AUTO_DIR", "/usr/lib/auto-07p")

HEAD_C = r"""#include "auto_f2c.h"
#define I0 %r
#define LO %r
#define HI %r
#define FUNC int func(integer ndim, const doublereal *u, const integer *icp, \
  const doublereal *par, integer ijac, doublereal *f, doublereal *dfdu, doublereal *dfdp)
"""
ML_C = r"""
static const double C=20, gL=2, EL=-60, gK=8, EK=-84, gCa=4.4, ECa=120,
  V1=-1.2, V2=18, V3=2, V4=30, phi=0.04;
#define NDIM_ 2
static void rest(double v, double *u) { u[0]=v; u[1]=0.5*(1+tanh((v-V3)/V4)); }
FUNC {
  double v=u[0], w=u[1], I=par[0];
  double tm=tanh((v-V1)/V2), minf=0.5*(1+tm), tw=tanh((v-V3)/V4);
  double winf=0.5*(1+tw), a=(v-V3)/(2*V4), ch=cosh(a);
  f[0]=(I - gL*(v-EL) - gK*w*(v-EK) - gCa*minf*(v-ECa))/C;
  f[1]=phi*(winf-w)*ch;
  if (ijac==0) return 0;
  dfdu[0]=(-gL - gK*w - gCa*(0.5*(1-tm*tm)/V2*(v-ECa) + minf))/C;
  dfdu[1]=phi*(0.5*(1-tw*tw)/V4*ch + (winf-w)*sinh(a)/(2*V4));
  dfdu[ndim]=-gK*(v-EK)/C;  dfdu[1+ndim]=-phi*ch;
  if (ijac==2) { dfdp[0]=1/C; dfdp[1]=0; }
  return 0;
}
"""

HH_C = r"""
#define NDIM_ 4
/* g(x) = x/(e^x-1) = 1/exprel(x) and g'(x); series for |x| < 1e-3 */
static double g(double x)
{ return fabs(x)<1e-3 ? 1-x/2+x*x/12-x*x*x*x/720 : x/expm1(x); }
static double dg(double x)
{ double e=expm1(x); return fabs(x)<1e-3 ? -0.5+x/6-x*x*x/180 : (e-x*(e+1))/(e*e); }
static void rates(double v, double *r, double *dr) {
  double x=-(v+40)/10, y=-(v+55)/10, eh=exp(-(v+35)/10);
  r[0]=g(x);                   dr[0]=-dg(x)/10;         /* am */
  r[1]=4*exp(-(v+65)/18);      dr[1]=-r[1]/18;          /* bm */
  r[2]=0.07*exp(-(v+65)/20);   dr[2]=-r[2]/20;          /* ah */
  r[3]=1/(1+eh);               dr[3]=eh/((1+eh)*(1+eh))/10; /* bh */
  r[4]=0.1*g(y);               dr[4]=-0.1*dg(y)/10;     /* an */
  r[5]=0.125*exp(-(v+65)/80);  dr[5]=-r[5]/80;          /* bn */
}
static void rest(double v, double *u) {
  double r[6], dr[6]; int k; rates(v, r, dr); u[0]=v;
  for (k=0; k<3; k++) u[k+1]=r[2*k]/(r[2*k]+r[2*k+1]);
}
FUNC {
  double v=u[0], m=u[1], h=u[2], n=u[3], r[6], dr[6]; int k;
  rates(v, r, dr);
  f[0]=120*m*m*m*h*(50-v) + 36*n*n*n*n*(-77-v) + 0.3*(-54.387-v) + par[0];
  for (k=1; k<4; k++) f[k]=r[2*k-2]*(1-u[k]) - r[2*k-1]*u[k];
  if (ijac==0) return 0;
  for (k=0; k<16; k++) dfdu[k]=0;
  dfdu[0]=-120*m*m*m*h - 36*n*n*n*n - 0.3;  dfdu[ndim]=360*m*m*h*(50-v);
  dfdu[2*ndim]=120*m*m*m*(50-v);  dfdu[3*ndim]=144*n*n*n*(-77-v);
  for (k=1; k<4; k++) {
    dfdu[k]=dr[2*k-2]*(1-u[k]) - dr[2*k-1]*u[k];  dfdu[k+k*ndim]=-r[2*k-2]-r[2*k-1];
  }
  if (ijac==2) for (k=0; k<4; k++) dfdp[k]=(k==0);
  return 0;
}
"""

# Common part: stpnt finds the rest state at PAR(1)=I0 by bisection of
# dv/dt on the curve of steady gating variables (unique root in [LO, HI]).
COMMON_C = r"""
int stpnt(integer ndim, doublereal t, doublereal *u, doublereal *par) {
  double lo=LO, hi=HI, f[NDIM_], flo; int k;
  par[0]=I0;  rest(lo, u);  func(ndim, u, 0, par, 0, f, 0, 0);  flo=f[0];
  for (k=0; k<200; k++) {
    double mid=0.5*(lo+hi);
    rest(mid, u);  func(ndim, u, 0, par, 0, f, 0, 0);
    if ((f[0]>0) == (flo>0)) { lo=mid; flo=f[0]; } else hi=mid;
  }
  rest(0.5*(lo+hi), u);
  return 0;
}
int bcnd() { return 0; }  int icnd() { return 0; }
int fopt() { return 0; }  int pvls() { return 0; }
"""

MODELS = {
    # name: (C code, ndim, I0, bracket for v_rest, UZ values, I_stop, DS, DSMAX)
    "morris_lecar": (ML_C, 2, 60.0, (-80.0, -20.0),
                     [90.0, 92.0, 100.0, 120.0], 150.0, 0.05, 1.0),
    "hh": (HH_C, 4, 0.0, (-80.0, -50.0),
           [7.0, 8.0, 9.0, 12.0], 20.0, 0.01, 0.5),
}


TYPES = {2: "LP", 3: "HB", -4: "UZ", 5: "LP", -9: "MX"}  # ITP mod 10


def read_solutions(path):
    """Parse an AUTO-07p solution file (fort.8): type, PT, label, orbit, PAR."""
    lines, sols, i = [x for x in open(path) if x.strip()], [], 0
    while i < len(lines):
        h = [int(x) for x in lines[i].split()]
        itp, ntpl, nar, nrow, npar = h[2], h[6], h[7], h[8], h[11]
        tok = [float(x) for x in " ".join(lines[i + 1:i + 1 + nrow]).split()]
        i += 1 + nrow
        sols.append(dict(TY=TYPES.get(int(math.copysign(abs(itp) % 10, itp)), ""),
                         PT=abs(h[1]), LAB=h[3], NCOL=h[10], PAR=tok[len(tok) - npar:],
                         t=tok[0:ntpl * nar:nar], v=tok[1:ntpl * nar:nar]))
    return sols


def extrema(sol):
    """(min, max) of v: the extremum of the stored points, refined on the
    collocation polynomials (degree NCOL through the NCOL+1 stored points of
    a mesh interval) of the intervals next to it (sampling, golden section)."""
    t, v, nc, n = sol["t"], sol["v"], sol["NCOL"], len(sol["v"]) - 1

    def best(sign):
        k = max(range(n + 1), key=lambda i: sign * v[i])
        val, starts = sign * v[k], {nc * (k // nc), nc * ((k - 1) // nc)}
        for j in ({0, n - nc} if k in (0, n) else starts) & set(range(0, n, nc)):
            tj, vj = t[j:j + nc + 1], v[j:j + nc + 1]
            p = lambda x: sign * sum(vj[a] * math.prod(
                (x - tj[b]) / (tj[a] - tj[b]) for b in range(nc + 1) if b != a)
                for a in range(nc + 1))
            h = (tj[-1] - tj[0]) / 64
            m = max(range(65), key=lambda i: p(tj[0] + i * h))
            x0, x1 = tj[0] + max(m - 1, 0) * h, tj[0] + min(m + 1, 64) * h
            for _ in range(80):
                y0, y1 = x1 - 0.618034 * (x1 - x0), x0 + 0.618034 * (x1 - x0)
                x0, x1 = (y0, x1) if p(y0) < p(y1) else (x0, y1)
            val = max(val, p(x0), p(tj[0] + m * h))
        return sign * val
    return best(-1), best(1)


def multipliers(path):
    """Floquet multipliers per point from the diagnostics file (fort.9); the
    last block printed for a point (its final, located value) wins."""
    mults = {}
    for w in (line.split() for line in open(path)):
        if len(w) >= 6 and w[2] == "Multiplier":
            mults.setdefault(abs(int(w[1])), {})[int(w[3])] = [float(w[4]), float(w[5])]
    return {pt: [m[k] for k in sorted(m)] for pt, m in mults.items()}


def auto_run(name, consts, log):
    """Run eq.exe on a keyword constants file; keep fort.7/8/9 as [bsd].name."""
    with open("c." + name, "w") as f:
        f.write("\n".join("%s=%r" % kv for kv in consts.items()) + "\n")
    with open("c." + name) as stdin:  # one thread: reproducible sums
        r = subprocess.run(["./eq.exe"], stdin=stdin, stdout=log, stderr=log,
                           env=dict(os.environ, OMP_NUM_THREADS="1"), timeout=900)
    if r.returncode != 0 or not os.path.exists("fort.8") or not os.path.getsize("fort.8"):
        raise RuntimeError("AUTO run '%s' failed (exit %d)" % (name, r.returncode))
    for k, ext in (("7", "b"), ("8", "s"), ("9", "d")):
        os.replace("fort." + k, ext + "." + name)
    sols = read_solutions("s." + name)
    if any(s["TY"] == "MX" for s in sols):
        raise RuntimeError("AUTO run '%s': no convergence (MX)" % name)
    return sols


def main():
    args, ntst = sys.argv[1:], 200
    if len(args) == 4 and args[2] == "--ntst":  # for the NTST-doubling check
        ntst, args = int(args[3]), args[:2]
    if len(args) != 2 or args[0] not in MODELS:
        sys.exit("usage: auto_reference.py {morris_lecar|hh} OUT.json [--ntst N]")
    model, out = args[0], os.path.abspath(args[1])
    libs = sorted(glob.glob(os.path.join(AUTO_DIR, "lib", "*.o")))
    missing = [c for c in ("gcc", "gfortran") if shutil.which(c) is None]
    if not libs or not os.path.exists(os.path.join(AUTO_DIR, "lib", "libauto_c.a")):
        sys.exit(print("SKIP: auto-07p is not installed") or 77)
    if missing:
        sys.exit(print("SKIP: auto-07p needs %s to build equations" % " and ".join(missing)) or 77)
    code, ndim, i0, (lo, hi), uz, istop, ds, dsmax = MODELS[model]
    consts = dict(NTST=ntst, NCOL=4, IAD=3, JAC=1, EPSL=1e-10, EPSU=1e-10,
                  EPSS=1e-10, ITMX=20, NWTN=5, ITNW=10, NPR=100000, DSMIN=1e-6,
                  DS=ds, DSMAX=dsmax)
    tmp, cwd = tempfile.mkdtemp(prefix="auto_ref_"), os.getcwd()
    log = open(os.path.join(tmp, "auto.log"), "w+")
    try:
        os.chdir(tmp)
        with open("eq.c", "w") as f:
            f.write(HEAD_C % (i0, lo, hi) + code + COMMON_C)
        for cmd in (["gcc", "-std=gnu11", "-O2", "-fPIC", "-I" + AUTO_DIR + "/include",
                     "-c", "eq.c", "-o", "eq.o"],
                    ["gfortran", "-fopenmp", "eq.o", "-o", "eq.exe"] + libs +
                    ["-L" + AUTO_DIR + "/lib", "-lauto_c"]):
            if subprocess.run(cmd, stdout=log, stderr=log).returncode:
                raise RuntimeError("building the equations failed: " + " ".join(cmd))
        eq = auto_run("eq", dict(NDIM=ndim, IPS=1, ICP=[1], ILP=1, ISP=1, ISW=1,
                                 IRS=0, NMX=2000, STOP=["HB1"], **consts), log)
        hb = next((s for s in eq if s["TY"] == "HB"), None)
        if hb is None:
            raise RuntimeError("no Hopf point on the equilibrium branch")
        po = auto_run("po", dict(s="eq", NDIM=ndim, IPS=2, ICP=[1, 11], ILP=1,
                                 ISP=2, ISW=1, IRS=hb["LAB"], NMX=5000,
                                 UZR={1: uz}, UZSTOP={1: istop}, **consts), log)
        mults = multipliers("d.po")
        res = {"model": model, "hopf": [{"I": hb["PAR"][0], "v": hb["v"][0],
                                         "period_ms": hb["PAR"][10]}],
               "cycles": [], "folds": [], "constants": consts}
        for s in po:
            if s["TY"] not in ("UZ", "LP"):
                continue
            vmin, vmax = extrema(s)
            entry = {"I": s["PAR"][0], "period_ms": s["PAR"][10], "v_min": vmin, "v_max": vmax}
            if s["TY"] == "LP":
                res["folds"].append(entry)
                continue
            mu = mults.get(s["PT"])
            if not mu:
                raise RuntimeError("no Floquet multipliers for point %d" % s["PT"])
            triv = min(mu, key=lambda m: math.hypot(m[0] - 1, m[1]))
            entry["stable"] = all(math.hypot(*m) < 1 for m in mu if m is not triv)
            entry["multipliers"] = mu
            res["cycles"].append(entry)
        if not res["folds"] or not res["cycles"] or abs(res["cycles"][-1]["I"] - istop) > 1e-6:
            raise RuntimeError("periodic branch did not pass a fold and reach I=%g" % istop)
        with open(out, "w") as f:
            json.dump(res, f, indent=1)
    except (OSError, RuntimeError, ValueError, IndexError, subprocess.SubprocessError) as e:
        log.seek(0)
        sys.stderr.write(log.read()[-3000:] + "\nerror: AUTO-07p reference for %s "
                         "failed: %s\n" % (model, e))
        sys.exit(1)
    finally:
        os.chdir(cwd)
        log.close()
        if not os.environ.get("AUTO_REF_KEEP"):  # set it to debug in tmp
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
