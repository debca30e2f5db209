"""seal.js (WebCrypto, in Chromium) and its Python twin agree: what the browser seals to a tender's
public key opens with the private key, and only with its context."""

from __future__ import annotations

import base64

import pytest

from procurement.keyholders import envelope

SEAL = """async ([key, text, context]) => {
  const sealed = await window.TibaoSeal.seal(
    window.TibaoSeal.fromBase64(key), new TextEncoder().encode(text), context);
  return window.TibaoSeal.toBase64(sealed);
}"""


def test_the_browser_seals_what_python_opens(page):
    page.goto("/")
    page.add_script_tag(url="/static/seal.js")
    private = envelope.private_from_scalar(0xC0FFEE1234567890)
    public = base64.b64encode(envelope.public_bytes(private.public_key())).decode()
    text = '{"form": {"price": "2400.00", "rate_filing_number": "费率备案 R-1"}}' * 50
    context = "tibao:bid:tender:7:insurer:3"
    sealed = base64.b64decode(page.evaluate(SEAL, [public, text, context]))
    assert sealed[0] == 1 and len(sealed) == 1 + 65 + 12 + len(text.encode()) + 16
    assert envelope.unseal(private, sealed, context) == text.encode()
    with pytest.raises(envelope.SealError):
        envelope.unseal(private, sealed, "tibao:bid:tender:7:insurer:4")
    again = base64.b64decode(page.evaluate(SEAL, [public, text, context]))
    assert again != sealed  # a fresh ephemeral key and nonce every time
