"""What the CPU offers the embedding model, and which variant of the model runs on it.

`bf16`: the model under `torch.autocast("cpu", dtype=torch.bfloat16)`, for CPUs with bf16
matrix instructions (AMX on Intel, AVX-512 BF16 on AMD Zen 4 and Intel Cooper Lake). Elsewhere
bf16 is emulated and slower than `fp32`.
"""

from pathlib import Path

VARIANTS = ("fp32", "bf16")
BF16_FLAGS = frozenset({"amx_bf16", "avx512_bf16"})


def cpu_flags(cpuinfo: Path = Path("/proc/cpuinfo")) -> frozenset[str]:
    """The feature flags of the first CPU (none where the file is missing, e.g. not Linux)."""
    try:
        text = cpuinfo.read_text()
    except OSError:
        return frozenset()
    for line in text.splitlines():
        name, _, value = line.partition(":")
        if name.strip() == "flags":
            return frozenset(value.split())
    return frozenset()


def choose_variant(requested: str, flags: frozenset[str]) -> str:
    """The variant to run: as requested, or with `auto` bf16 where the CPU has bf16
    instructions and fp32 elsewhere."""
    if requested in VARIANTS:
        return requested
    if requested != "auto":
        raise ValueError(f"unknown embedding variant {requested!r}: auto, {', '.join(VARIANTS)}")
    return "bf16" if flags & BF16_FLAGS else "fp32"
