"""benign2"""
