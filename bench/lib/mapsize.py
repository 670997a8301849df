"""Sizes of a NativeAOT executable's parts by assembly and by namespace, from ILC's map file
(-p:IlcGenerateMapFile=true writes obj/.../native/NAME.map.xml): mapsize.py MAP.xml ASSEMBLY_DIR [TOP]
Each node (method code, type data, statics, GC info, ...) is attributed to the assembly whose mangled name
(dots as underscores; System.Private.CoreLib is S_P_CoreLib) is the longest prefix of the node's name; a
generic instantiation counts for its outer type's assembly. Nodes without an assembly prefix (the runtime's
own tables, metadata blobs, frozen strings) are listed by kind."""
import collections
import os
import re
import sys
import xml.etree.ElementTree as ET

mapfile, asmdir = sys.argv[1], sys.argv[2]
top = int(sys.argv[3]) if len(sys.argv) > 3 else 30
asms = [f[:-4] for f in os.listdir(asmdir) if f.endswith(".dll")]
mangled = {}
for a in asms:
    m = a.replace(".", "_")
    m = {"System_Private_CoreLib": "S_P_CoreLib", "System_Private_Uri": "S_P_Uri", "System_Private_Xml": "S_P_Xml"}.get(m, m)
    mangled[m + "_"] = a
prefixes = sorted(mangled, key=len, reverse=True)
by_asm = collections.Counter()
by_ns = collections.Counter()
by_kind = collections.Counter()
code_by_asm = collections.Counter()
unowned = collections.Counter()
lead = re.compile(r"^(_ZTV\d+|_ZN?\d*|__+)")
for _, el in ET.iterparse(mapfile):
    n = el.get("Length")
    if n is None:
        continue
    n = int(n)
    name = lead.sub("", el.get("Name", ""))
    by_kind[el.tag] += n
    for p in prefixes:
        if name.startswith(p):
            a = mangled[p]
            by_asm[a] += n
            if el.tag in ("MethodCode", "GCInfo", "MethodExceptionHandlingInfo"):
                code_by_asm[a] += n
            rest = name[len(p):].split("_")
            ns = ".".join([a] + [w for w in rest[:2] if w and w[0].isupper()][:1])
            by_ns[ns] += n
            break
    else:
        unowned[el.tag] += n
    el.clear()
total = sum(by_kind.values())
print("total of the map's nodes: %.1f MB" % (total / 1e6))
print("\nby kind:")
for k, v in by_kind.most_common(15):
    print("  %-40s %7.2f MB" % (k, v / 1e6))
print("\nby assembly (all nodes; code = method code + GC info + EH info):")
for k, v in by_asm.most_common(top):
    print("  %-55s %7.2f MB  code %6.2f" % (k, v / 1e6, code_by_asm[k] / 1e6))
print("\nby assembly + first namespace word:")
for k, v in by_ns.most_common(top):
    print("  %-55s %7.2f MB" % (k, v / 1e6))
print("\nnot attributed: %.2f MB" % (sum(unowned.values()) / 1e6))
for k, v in unowned.most_common(10):
    print("  %-40s %7.2f MB" % (k, v / 1e6))
