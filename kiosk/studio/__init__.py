"""The staff content studio (office PC): workbook in, preview of the kiosk, signed package out."""
