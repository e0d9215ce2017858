"""The model variant chosen from the CPU's flags (`ratsuche.hardware`)."""

from pathlib import Path

import pytest

from ratsuche.hardware import choose_variant, cpu_flags

EPYC = "processor\t: 0\nflags\t\t: fpu sse2 avx2 avx512f avx512_vnni avx512_bf16\n"


def test_flags_are_read_from_cpuinfo(tmp_path: Path) -> None:
    cpuinfo = tmp_path / "cpuinfo"
    cpuinfo.write_text(EPYC + "\nprocessor\t: 1\nflags\t\t: fpu\n")
    assert cpu_flags(cpuinfo) == {"fpu", "sse2", "avx2", "avx512f", "avx512_vnni",
                                  "avx512_bf16"}
    assert cpu_flags(tmp_path / "missing") == frozenset()


@pytest.mark.parametrize(("flags", "variant"), [
    ({"avx512_bf16", "avx512_vnni"}, "bf16"),  # AMD Zen 4
    ({"amx_bf16", "amx_tile"}, "bf16"),  # Intel Sapphire Rapids
    ({"avx2", "avx512_vnni"}, "fp32"),  # VNNI is int8 only
    (set(), "fp32"),
])
def test_auto_takes_bf16_only_with_bf16_instructions(flags: set[str], variant: str) -> None:
    assert choose_variant("auto", frozenset(flags)) == variant


def test_a_variant_can_be_forced() -> None:
    assert choose_variant("fp32", frozenset({"amx_bf16"})) == "fp32"
    assert choose_variant("bf16", frozenset()) == "bf16"
    with pytest.raises(ValueError, match="unknown embedding variant"):
        choose_variant("int8", frozenset())
