"""Benign hard negatives."""
def sessions():
    return []
