"""Input guards of the Section 4 protocols (and the channels/Gaussian helpers they use): bad input → InvalidParameter.

Guards sit outside every claim (no audited call passes bad input), so the audit cannot see a loosened guard
(issue 11, Cosmic Ray survivors such as ``0.0 <= p <= 1.0`` → ``0.0 <= p != 1.0``). Each row: a call just
outside the rule (rejected with :class:`~qproofs.errors.InvalidParameter`) and the boundary value inside it
(accepted), so both a loosened and a tightened comparison fail a test.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from qproofs.errors import InvalidParameter
from qproofs.protocols import (
    attacks,
    classical,
    composable,
    gaussian_privacy,
    noise_threshold,
    simulator,
    stabilizer,
    vga,
)
from qproofs.quantum import channels


def _protocol(sender: int) -> classical.Protocol:
    """Two parties with binary inputs, trivial coins, one binary message from ``sender`` (copying its input)."""
    return classical.Protocol(inputs=(2, 2), coins=(1, 1),
                              messages=(classical.Message(sender=sender, size=2, table=(0, 1)),))


_RNG = np.random.default_rng(0)

# (name, rejected call, accepted boundary call)
GUARDS: list[tuple[str, Callable[[], Any], Callable[[], Any]]] = [
    ("depolarizing p > 1", lambda: channels.depolarizing_kraus(1.0 + 1e-9), lambda: channels.depolarizing_kraus(1.0)),
    ("depolarizing p < 0", lambda: channels.depolarizing_kraus(-1e-9), lambda: channels.depolarizing_kraus(0.0)),
    ("classical sender = n", lambda: _protocol(2), lambda: _protocol(1)),
    ("classical sender < 0", lambda: _protocol(-1), lambda: _protocol(0)),
    ("classical one party", lambda: classical.Protocol(inputs=(2,), coins=(1,), messages=()),
     lambda: classical.Protocol(inputs=(2, 2), coins=(1, 1), messages=())),
    ("classical alphabet 0", lambda: classical.Protocol(inputs=(2, 0), coins=(1, 1), messages=()),
     lambda: classical.Protocol(inputs=(2, 1), coins=(1, 1), messages=())),
    ("gaussian se2 < 0", lambda: gaussian_privacy.mutual_information(3, 1, 1.0, -1e-9),
     lambda: gaussian_privacy.mutual_information(3, 1, 1.0, 0.0)),
    ("gaussian sp2 = 0", lambda: gaussian_privacy.mutual_information(3, 1, 0.0, 1.0),
     lambda: gaussian_privacy.mutual_information(3, 1, 1e-9, 1.0)),
    ("gaussian N = 1", lambda: gaussian_privacy.mutual_information(1, 1, 1.0, 1.0),
     lambda: gaussian_privacy.mutual_information(2, 1, 1.0, 1.0)),
    ("gaussian T = 0", lambda: gaussian_privacy.mutual_information(3, 0, 1.0, 1.0),
     lambda: gaussian_privacy.mutual_information(3, 1, 1.0, 1.0)),
    ("attack strength > 1", lambda: attacks.partial_swap(2, 0, 1.0 + 1e-9), lambda: attacks.partial_swap(2, 0, 1.0)),
    ("attack strength < 0", lambda: attacks.partial_swap(2, 0, -1e-9), lambda: attacks.partial_swap(2, 0, 0.0)),
    ("attack node = N", lambda: attacks.intercept_resend(2, 2), lambda: attacks.intercept_resend(2, 1)),
    ("attack node < 0", lambda: attacks.intercept_resend(2, -1), lambda: attacks.intercept_resend(2, 0)),
    ("attack N = 1", lambda: attacks.intercept_resend(1, 0), lambda: attacks.intercept_resend(2, 0)),
    ("collective basis Y", lambda: attacks.collective_probe(2, 0.5, basis="Y"),
     lambda: attacks.collective_probe(2, 0.5, basis="Z")),
    ("claimed rejection F > 1", lambda: stabilizer.claimed_rejection(1.01, 3),
     lambda: stabilizer.claimed_rejection(1.0, 3)),
    ("claimed rejection F < 0", lambda: stabilizer.claimed_rejection(-0.01, 3),
     lambda: stabilizer.claimed_rejection(0.0, 3)),
    ("noise circuit p > 1", lambda: stabilizer.ghz_noise_circuit(2, 1.0 + 1e-9),
     lambda: stabilizer.ghz_noise_circuit(2, 1.0)),
    ("noise circuit N = 1", lambda: stabilizer.ghz_noise_circuit(1, 0.1), lambda: stabilizer.ghz_noise_circuit(2, 0.1)),
    ("stim shots 0", lambda: stabilizer.stim_test_failures(2, 0.1, 0, _RNG),
     lambda: stabilizer.stim_test_failures(2, 0.1, 1, _RNG)),
    ("threshold p > 1", lambda: noise_threshold.perfect_pass_acceptance(2, 1.0 + 1e-9, 1),
     lambda: noise_threshold.perfect_pass_acceptance(2, 1.0, 1)),
    ("threshold m = 0", lambda: noise_threshold.perfect_pass_acceptance(2, 0.1, 0),
     lambda: noise_threshold.perfect_pass_acceptance(2, 0.1, 1)),
    ("threshold delta = 1", lambda: noise_threshold.threshold(2, 0.1, 10, 1.0),
     lambda: noise_threshold.threshold(2, 0.1, 10, 0.999)),
    ("threshold delta = 0", lambda: noise_threshold.threshold(2, 0.1, 10, 0.0),
     lambda: noise_threshold.threshold(2, 0.1, 10, 0.001)),
    ("vga epsilon delta = 0", lambda: vga.epsilon(10, 0.0), lambda: vga.epsilon(10, 1e-9)),
    ("vga epsilon m = 0", lambda: vga.epsilon(0, 0.1), lambda: vga.epsilon(1, 0.1)),
    ("composed epsilon uses = 0", lambda: composable.composed_epsilon(10, 0.1, uses=0),
     lambda: composable.composed_epsilon(10, 0.1, uses=1)),
    ("worst pair N = 1", lambda: composable.worst_pair(1), lambda: composable.worst_pair(2)),
    ("iid exact m = 5", lambda: composable.iid_exact_advantage(2, 5, attacks.identity(2)),
     lambda: composable.iid_exact_advantage(2, 4, attacks.identity(2))),
    ("iid exact m = 0", lambda: composable.iid_exact_advantage(2, 0, attacks.identity(2)),
     lambda: composable.iid_exact_advantage(2, 1, attacks.identity(2))),
    ("coalition empty", lambda: simulator.require_coalition((), 3), lambda: simulator.require_coalition((0,), 3)),
    ("coalition everyone", lambda: simulator.require_coalition((0, 1, 2), 3),
     lambda: simulator.require_coalition((0, 1), 3)),
    ("coalition index N", lambda: simulator.require_coalition((3,), 3), lambda: simulator.require_coalition((2,), 3)),
    ("ideal leakage node N", lambda: simulator.ideal_leakage(3, 3), lambda: simulator.ideal_leakage(3, 2)),
]


@pytest.mark.parametrize(("name", "bad", "boundary"), GUARDS, ids=[g[0] for g in GUARDS])
def test_guard_rejects_bad_input_and_accepts_the_boundary(name: str, bad: Callable[[], Any],
                                                          boundary: Callable[[], Any]) -> None:
    with pytest.raises(InvalidParameter):
        bad()
    boundary()
