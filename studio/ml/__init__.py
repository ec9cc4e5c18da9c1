"""The only package that imports torch: melody and harmony models, training, evaluation."""
